using System.Runtime.Versioning;

// The suite drives Unix processes (signals, file modes, pyenv clients); it runs on Linux CI.
[assembly: UnsupportedOSPlatform("windows")]
