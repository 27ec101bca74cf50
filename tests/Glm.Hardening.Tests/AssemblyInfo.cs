// The suites start real servers and time their answers; run one at a time so that on two shared cores one suite's
// load never makes another's deadline (and CI stays frugal).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
