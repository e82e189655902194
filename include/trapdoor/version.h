/* SPDX-License-Identifier: MIT */
#ifndef _TRAPDOOR_VERSION_H
#define _TRAPDOOR_VERSION_H

/* What uname() reports and the boot banner prints. */
#define TRAPDOOR_RELEASE	"0.1.0"
#define TRAPDOOR_VERSION	"#1 trapdoor teaching kernel"

#endif
