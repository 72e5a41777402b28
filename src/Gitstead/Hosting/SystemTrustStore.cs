using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gitstead.Hosting;

/// <summary>
/// The system's trust store (on Linux, every certificate under <c>/etc/ssl/certs</c>), read once.
/// .NET reads it on the first chain build of the process and keeps it; Kestrel builds the server
/// certificate's chain as it binds, so a start that reads the store beforehand, on another
/// thread, does not wait for it there.
/// </summary>
internal static class SystemTrustStore
{
    public static void Load()
    {
        try
        {
            using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            foreach (var certificate in store.Certificates)
            {
                certificate.Dispose();
            }
        }
        catch (CryptographicException)
        {
            // No readable store: the chain build will find the same and do without it.
        }
    }
}
