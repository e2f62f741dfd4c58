# SPDX-License-Identifier: MIT
# Static x86_64 build against musl with Debian's musl-tools (musl-gcc). The
# wrapper passes -nostdinc with only musl's headers, so nothing of glibc's
# /usr/include leaks in; CMakeLists.txt stages Xen's public headers apart.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
find_program(XM_MUSL_GCC musl-gcc)
if(NOT XM_MUSL_GCC)
  message(FATAL_ERROR "musl-gcc not found: apt-get install musl-tools musl-dev "
          "(or configure with -DXENMIN_MUSL=OFF for a glibc build)")
endif()
set(CMAKE_C_COMPILER ${XM_MUSL_GCC})
# musl-gcc runs the system's gcc, so its archiver wrappers are gcc's: with
# them static libraries keep the symbol index of link-time-optimised
# objects (CMakeLists.txt's XENMIN_LTO; CMake finds none for "musl-gcc").
find_program(XM_GCC_AR gcc-ar)
find_program(XM_GCC_RANLIB gcc-ranlib)
if(XM_GCC_AR AND XM_GCC_RANLIB)
  set(CMAKE_C_COMPILER_AR ${XM_GCC_AR})
  set(CMAKE_C_COMPILER_RANLIB ${XM_GCC_RANLIB})
endif()
