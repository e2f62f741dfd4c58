# SPDX-License-Identifier: MIT
# A glibc toolchain file of the kind Yocto's and Buildroot's cmake classes
# pass (system, processor, compiler, search modes), for Debian's native
# gcc. It names no C library: CMakeLists.txt finds glibc by compiling, and
# so builds a normal dynamic binary with the system allocator. The
# integration phase of tests/run-all.sh builds with it.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER x86_64-linux-gnu-gcc)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
