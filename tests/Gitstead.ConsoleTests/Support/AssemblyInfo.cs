using System.Runtime.Versioning;

// The servers under test run git, OpenSSH tools and PostgreSQL from Debian: these tests run on Linux only.
[assembly: UnsupportedOSPlatform("windows")]
