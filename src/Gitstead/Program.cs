using Gitstead.Cli;

return await GitsteadCli.RunAsync(args);
