package hugepage

import "syscall"

// advise is madvise(MADV_HUGEPAGE) on b (whole pages); an error (a kernel
// without transparent huge pages) leaves the pages as they are.
func advise(b []byte) { _ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) }
