using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

// An ASP.NET Core app that answers GET /healthz over HTTPS with an in-memory ECDSA certificate,
// writes its CA-less certificate to the file named by the first argument (the client trusts it
// directly) and listens where --urls says: what any .NET web server pays before its own work.
using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
var san = new SubjectAlternativeNameBuilder();
san.AddIpAddress(System.Net.IPAddress.Loopback);
san.AddDnsName("localhost");
request.CertificateExtensions.Add(san.Build());
var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
File.WriteAllText(args[0], certificate.ExportCertificatePem() + "\n");

var builder = WebApplication.CreateBuilder(args[1..]);
builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
var app = builder.Build();
app.MapGet("/healthz", () => Results.Text("ok"));
app.Run();
