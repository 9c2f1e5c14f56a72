import CCurl
import EmailKit
import LambdaRuntime
import NotifierHandler

// glibc gives the heap's top back to the kernel whenever more than 128 KiB of it is free, and
// serves blocks over 128 KiB with mmap: a message with a 100 KB attachment grew and shrank the heap
// every time (136 page faults and 5 brk calls, about 0.37 ms of its 1.3 ms). Keeping freed memory
// (up to 64 MiB) and serving blocks up to 32 MiB from the heap makes the next message of a size
// fault nothing. The cost: memory freed after the largest message stays with the process (its
// peak use, which the function's memory size must allow anyway) instead of going back to Lambda.
// Both thresholds are set: setting the trim threshold alone turns glibc's adaptive mmap threshold
// off and faulted more than before.
_ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
_ = mallopt(M_TRIM_THRESHOLD, 64 << 20)

// What Lambda starts. The configuration is read and checked once, at init: a bad setting is the
// init error, naming the variable.
LambdaRuntime.run {
    try NotifierHandler(environment: ProcessEnvironment.current)
}
