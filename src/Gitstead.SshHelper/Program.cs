using Gitstead.CodeCommit.Ssh;

// gitstead-ssh: what sshd runs at every connection (AuthorizedKeysCommand, then the forced
// command), compiled natively so that it starts in a few milliseconds. The same arguments as the
// server's own `gitstead ssh-keys` and `gitstead ssh-git` verbs, and the same code.
return args switch
{
    ["ssh-keys", "--socket", var socket, var keyId] => SshRelayClient.Keys(socket, keyId),
    ["ssh-git", "--socket", var socket, var keyId] => SshRelayClient.Git(socket, keyId),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: gitstead-ssh ssh-keys|ssh-git --socket S KEYID   (run by sshd, not by people)");
    return 2;
}
