namespace Gitstead.CodeCommit.PackCache;

/// <summary>
/// The program git runs as <c>uploadpack.packObjectsHook</c>: <c>HOOK git pack-objects ARGS</c>
/// with pack-objects' input on stdin, expected to write the pack to stdout. It decides nothing:
/// it sends <c>GITSTEAD_PACK_TOKEN</c>, its arguments and its input to the running server over a
/// Unix socket, closes its side, and relays the answer, frames as <c>gitstead ssh-git</c> reads
/// them (a kind byte: 1 stdout, 2 stderr, 3 exit code; a 4-byte big-endian length; the bytes).
/// Plain perl with no module (perl-base is Essential on Debian and git depends on perl): about
/// 2 ms of CPU to start, where the <c>gitstead</c> executable takes about 90 ms, paid by every
/// fetch that gets a pack, hit or miss. AF_UNIX and SOCK_STREAM are Linux's values (1, 1).
/// </summary>
internal static class HookScript
{
    public static string Render(string perlPath, string socketPath) => $$"""
        #!{{perlPath}}
        # Gitstead's uploadpack.packObjectsHook, written at each start; see HookScript.cs.
        use strict;
        my $socket_path = '{{socketPath.Replace("'", "\\'", StringComparison.Ordinal)}}';
        sub fail { print STDERR "$_[0]\n"; exit 128 }
        sub put {
            my ($fh, $data) = @_;
            my $offset = 0;
            while ($offset < length $data) {
                my $n = syswrite($fh, $data, length($data) - $offset, $offset);
                return 0 unless defined $n;
                $offset += $n;
            }
            return 1;
        }
        binmode STDIN; binmode STDOUT; binmode STDERR;
        socket(my $s, 1, 1, 0) or fail("Gitstead pack cache: no socket: $!");
        connect($s, pack('S', 1) . $socket_path . "\0") or fail("Gitstead pack cache: the server is not reachable: $!");
        my $token = defined $ENV{GITSTEAD_PACK_TOKEN} ? $ENV{GITSTEAD_PACK_TOKEN} : '';
        put($s, pack('N/a* N', $token, scalar @ARGV) . join('', map { pack('N/a*', $_) } @ARGV)) or fail("Gitstead pack cache: $!");
        my $chunk;
        while (1) {
            my $n = sysread(STDIN, $chunk, 65536);
            fail("Gitstead pack cache: reading the input: $!") unless defined $n;
            last if $n == 0;
            put($s, $chunk) or fail("Gitstead pack cache: $!");
        }
        shutdown($s, 1);
        sub take {
            my ($want, $data) = ($_[0], '');
            while (length $data < $want) {
                my $n = sysread($s, $data, $want - length $data, length $data);
                return undef unless $n;
            }
            return $data;
        }
        while (defined(my $head = take(5))) {
            my ($kind, $length) = unpack('C N', $head);
            my $data = $length ? take($length) : '';
            last unless defined $data;
            if ($kind == 1) { put(\*STDOUT, $data) or exit 141 }
            elsif ($kind == 2) { put(\*STDERR, $data) }
            elsif ($kind == 3) { exit unpack('N', $data) }
        }
        fail("Gitstead pack cache: the server ended the answer early");

        """;
}
