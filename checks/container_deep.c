/* placeholder */
#include "container_util.h"
const struct hd_check hd_checks_container_deep[] = { { .id = NULL } };
