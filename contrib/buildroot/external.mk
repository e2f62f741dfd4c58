# SPDX-License-Identifier: MIT
# The packages of this BR2_EXTERNAL tree.
include $(sort $(wildcard $(BR2_EXTERNAL_XENMIN_PATH)/package/*/*.mk))
