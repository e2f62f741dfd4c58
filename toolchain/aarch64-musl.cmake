# SPDX-License-Identifier: MIT
# Static aarch64 cross build against musl: Debian's gcc-aarch64-linux-gnu
# driven by a specs file that points it at musl-dev:arm64, extracted (not
# installed) by toolchain/fetch-aarch64-musl.sh into XENMIN_MUSL_AARCH64.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
if(NOT XENMIN_MUSL_AARCH64)
  if(DEFINED ENV{XENMIN_MUSL_AARCH64})
    set(XENMIN_MUSL_AARCH64 $ENV{XENMIN_MUSL_AARCH64})
  elseif(DEFINED ENV{XENMIN_CACHE})
    set(XENMIN_MUSL_AARCH64 $ENV{XENMIN_CACHE}/musl-aarch64)
  else()
    set(XENMIN_MUSL_AARCH64 $ENV{HOME}/.cache/xenmin/musl-aarch64)
  endif()
endif()
set(XENMIN_MUSL_AARCH64 ${XENMIN_MUSL_AARCH64} CACHE PATH "extracted musl-dev:arm64")
if(NOT EXISTS ${XENMIN_MUSL_AARCH64}/musl-gcc.specs)
  message(FATAL_ERROR "no aarch64 musl at ${XENMIN_MUSL_AARCH64}: "
          "run toolchain/fetch-aarch64-musl.sh first")
endif()
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_C_FLAGS_INIT "-specs=${XENMIN_MUSL_AARCH64}/musl-gcc.specs")
# C flags reach the link line too: only -static is added there.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
