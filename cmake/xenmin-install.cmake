# SPDX-License-Identifier: MIT
# What `cmake --install` puts beside sbin/xenmin: the manual pages, the
# bash completion, and, behind options, the multi-call links and the boot
# files (init script, systemd unit, their settings file). Everything goes
# under the prefix, except what CMAKE_INSTALL_SYSCONFDIR names (/etc for
# the prefix /usr) and a systemd unit directory given as an absolute path.
# The boot files are generated here with the configured paths, also when
# not installed: tests/bats/offline/boot.bats runs them from the build tree.

option(XENMIN_INSTALL_MULTICALL "Install the xenmin-OBJECT multi-call links" OFF)
option(XENMIN_INSTALL_SYSVINIT "Install the busybox/sysvinit init script" OFF)
set(XENMIN_SYSVINIT_NAME xenmin CACHE STRING
    "Name of the init script in SYSCONFDIR/init.d (Buildroot: S30xenmin)")
option(XENMIN_INSTALL_SYSTEMD "Install the systemd unit xenmin.service" OFF)
set(XENMIN_SYSTEMD_UNITDIR lib/systemd/system CACHE PATH
    "systemd system unit directory (relative: under the prefix)")
set(XENMIN_BASH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
    CACHE PATH "bash-completion directory (relative: under the prefix)")

install(FILES man/man8/xenmin.8 DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES man/man5/xenmin-schedule.5 DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)
install(FILES completion/xenmin.bash DESTINATION ${XENMIN_BASH_COMPLETION_DIR}
        RENAME xenmin)

# Multi-call names are the first words of the command table. The table is
# read from the source, not from the binary, which a cross build cannot run;
# boot.bats checks the result against the binary's own `help`.
file(STRINGS src/cli.c XM_TABLE_LINES REGEX "^\t{ \"[a-z0-9-]+[ \"]")
set(XM_MULTICALL)
foreach(l ${XM_TABLE_LINES})
  string(REGEX MATCH "\"[a-z0-9-]+" w "${l}")
  string(SUBSTRING "${w}" 1 -1 w)
  if(NOT w STREQUAL "help")
    list(APPEND XM_MULTICALL xenmin-${w})
  endif()
endforeach()
list(REMOVE_DUPLICATES XM_MULTICALL)
set(XM_LINKDIR ${CMAKE_BINARY_DIR}/multicall)
file(REMOVE_RECURSE ${XM_LINKDIR})
file(MAKE_DIRECTORY ${XM_LINKDIR}/sbin ${XM_LINKDIR}/completions)
set(XM_LINKS)
set(XM_COMPLETION_LINKS)
foreach(n ${XM_MULTICALL})
  file(CREATE_LINK xenmin ${XM_LINKDIR}/sbin/${n} SYMBOLIC)
  file(CREATE_LINK xenmin ${XM_LINKDIR}/completions/${n} SYMBOLIC)
  list(APPEND XM_LINKS ${XM_LINKDIR}/sbin/${n})
  list(APPEND XM_COMPLETION_LINKS ${XM_LINKDIR}/completions/${n})
endforeach()
if(XENMIN_INSTALL_MULTICALL)
  install(FILES ${XM_LINKS} DESTINATION ${CMAKE_INSTALL_SBINDIR})
  install(FILES ${XM_COMPLETION_LINKS} DESTINATION ${XENMIN_BASH_COMPLETION_DIR})
endif()

# Boot files, with the paths of this configuration.
set(XM_SBINDIR ${CMAKE_INSTALL_FULL_SBINDIR})
set(XM_SYSCONFDIR ${CMAKE_INSTALL_FULL_SYSCONFDIR})
set(XM_LIBEXECDIR ${CMAKE_INSTALL_FULL_LIBEXECDIR})
configure_file(boot/xenmin-boot.in ${CMAKE_BINARY_DIR}/boot/xenmin-boot @ONLY)
configure_file(boot/xenmin.service.in ${CMAKE_BINARY_DIR}/boot/xenmin.service @ONLY)
configure_file(boot/xenmin.default.in ${CMAKE_BINARY_DIR}/boot/xenmin.default @ONLY)
if(XENMIN_INSTALL_SYSVINIT OR XENMIN_INSTALL_SYSTEMD)
  install(FILES ${CMAKE_BINARY_DIR}/boot/xenmin.default
          DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/default RENAME xenmin)
endif()
if(XENMIN_INSTALL_SYSVINIT)
  install(PROGRAMS ${CMAKE_BINARY_DIR}/boot/xenmin-boot
          DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/init.d
          RENAME ${XENMIN_SYSVINIT_NAME})
endif()
if(XENMIN_INSTALL_SYSTEMD)
  install(PROGRAMS ${CMAKE_BINARY_DIR}/boot/xenmin-boot
          DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/xenmin)
  install(FILES ${CMAKE_BINARY_DIR}/boot/xenmin.service
          DESTINATION ${XENMIN_SYSTEMD_UNITDIR})
endif()
