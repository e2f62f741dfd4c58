# SPDX-License-Identifier: MIT
# xenmin for Yocto: built with the cmake class from the tree this layer
# sits in. The C library decides the binary: static with its own small
# allocator under musl (TCLIBC = "musl"), dynamic with glibc. The init
# flavour follows DISTRO_FEATURES through PACKAGECONFIG (sysvinit: the
# init script, busybox or sysvinit; systemd: xenmin.service). It needs
# nothing at run time: RDEPENDS is empty. tests/pkg/integrators.sh checks
# LIC_FILES_CHKSUM, the version in this file's name and LICENSE against
# the tree, and runs the cmake class's configure, build and install.
SUMMARY = "Control the Xen hypervisor without a toolstack"
DESCRIPTION = "One small binary that talks to Xen through /dev/xen/privcmd: \
ARINC 653 schedules (check, set, get, diff), domains (list, pause), \
consoles and info, with no libxenctrl, libxl, xenstore or daemon."
SECTION = "admin"
LICENSE = "MIT"
LIC_FILES_CHKSUM = "file://LICENSE;md5=9ee048e6a7be50b5a840ea69b3bf90fd"

# The source is the tree around the layer (XENMIN_SRCDIR, set in
# conf/layer.conf). For a release from a git server instead, a bbappend
# sets SRC_URI, SRCREV and S = "${WORKDIR}/git" and drops externalsrc.
inherit externalsrc
EXTERNALSRC = "${XENMIN_SRCDIR}"
EXTERNALSRC_BUILD = "${WORKDIR}/build"

inherit cmake update-rc.d systemd

# Xen's public headers from the sysroot, where a build needs them:
# EXTRA_OECMAKE += "-DXEN_INCLUDE_DIR=${STAGING_INCDIR}" (README, Build).
EXTRA_OECMAKE = "-DBUILD_TESTING=OFF"

PACKAGECONFIG ??= "${@bb.utils.filter('DISTRO_FEATURES', 'sysvinit systemd', d)}"
PACKAGECONFIG[sysvinit] = "-DXENMIN_INSTALL_SYSVINIT=ON,-DXENMIN_INSTALL_SYSVINIT=OFF"
PACKAGECONFIG[systemd] = "-DXENMIN_INSTALL_SYSTEMD=ON -DXENMIN_SYSTEMD_UNITDIR=${systemd_system_unitdir},-DXENMIN_INSTALL_SYSTEMD=OFF"
PACKAGECONFIG[multicall] = "-DXENMIN_INSTALL_MULTICALL=ON,-DXENMIN_INSTALL_MULTICALL=OFF"

INITSCRIPT_NAME = "xenmin"
INITSCRIPT_PARAMS = "defaults 30 70"
SYSTEMD_SERVICE:${PN} = "xenmin.service"

FILES:${PN} += "${datadir}/bash-completion ${libexecdir}/xenmin"
CONFFILES:${PN} = "${sysconfdir}/default/xenmin"
RDEPENDS:${PN} = ""
