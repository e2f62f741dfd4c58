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
