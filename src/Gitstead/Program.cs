using Gitstead.Cli;
using Gitstead.Hosting;
using Gitstead.Storage;

// First: the heap's start-up cap has sized the gen0 budget and is not kept (see GcHeapLimit).
GcHeapLimit.Lift();

// Before any file is made: the data directory holds secrets, whatever its own mode.
DataDirectory.RestrictNewFilesToOwner();

return await GitsteadCli.RunAsync(args);
