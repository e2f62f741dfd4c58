# SPDX-License-Identifier: MIT
################################################################################
#
# xenmin
#
################################################################################

# Built by Buildroot's cmake-package from the tree this BR2_EXTERNAL lives
# in (contrib/buildroot/../..). For a release tarball instead, set
# XENMIN_SITE to where it is and drop XENMIN_SITE_METHOD; xenmin.hash then
# needs its sha256. The C library decides the link: static with musl,
# dynamic with glibc. tests/pkg/integrators.sh checks the version and
# license against the tree and runs the commands cmake-package runs.

XENMIN_VERSION = 0.1.0
XENMIN_SITE = $(BR2_EXTERNAL_XENMIN_PATH)/../..
XENMIN_SITE_METHOD = local
XENMIN_LICENSE = MIT
XENMIN_LICENSE_FILES = LICENSE

ifeq ($(BR2_PACKAGE_XENMIN_MULTICALL),y)
XENMIN_CONF_OPTS += -DXENMIN_INSTALL_MULTICALL=ON
endif

# The boot files for the init system chosen, through the CMake options.
ifeq ($(BR2_INIT_SYSTEMD),y)
XENMIN_CONF_OPTS += -DXENMIN_INSTALL_SYSTEMD=ON \
	-DXENMIN_SYSTEMD_UNITDIR=/usr/lib/systemd/system
else ifeq ($(BR2_INIT_BUSYBOX)$(BR2_INIT_SYSV),y)
XENMIN_CONF_OPTS += -DXENMIN_INSTALL_SYSVINIT=ON -DXENMIN_SYSVINIT_NAME=S30xenmin
endif

$(eval $(cmake-package))
