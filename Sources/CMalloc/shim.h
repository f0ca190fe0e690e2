#ifndef EVENTHOS_CMALLOC_SHIM_H
#define EVENTHOS_CMALLOC_SHIM_H

/// glibc's allocator settings (`mallopt`), which Swift's Glibc module does not import.
#include <malloc.h>

#endif
