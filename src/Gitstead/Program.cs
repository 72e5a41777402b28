using Gitstead.Cli;
using Gitstead.Storage;

// Before any file is made: the data directory holds secrets, whatever its own mode.
DataDirectory.RestrictNewFilesToOwner();

return await GitsteadCli.RunAsync(args);
