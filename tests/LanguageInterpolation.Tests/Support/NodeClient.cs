using System.Diagnostics;
using System.Text;
using Xunit;

namespace LanguageInterpolation.Tests.Support;

/// <summary>
/// Runs samples/node-client/generate.mjs (Node.js with the npm package onnxruntime-node, installed by
/// <c>.ci/run</c> with <c>npm ci</c>). Where Node.js or the package is missing, tests marked
/// <see cref="NodeClientFactAttribute"/> are skipped with the reason.
/// </summary>
public static class NodeClient
{
    /// <summary>The client's folder.</summary>
    public static string Folder { get; } = Path.Combine(TestData.RepositoryRoot, "samples", "node-client");

    /// <summary>Why the client cannot run here, or null when it can.</summary>
    public static string? MissingReason { get; } = FindMissingReason();

    /// <summary>Runs the client; returns its exit code, stdout and stderr.</summary>
    public static (int ExitCode, string Output, string Error) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("generate.mjs");
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "The Node.js client did not finish within 2 minutes.");
        return (process.ExitCode, output, error.Result);
    }

    private static string? FindMissingReason()
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "onnxruntime-node")))
        {
            return $"onnxruntime-node is not installed in {Folder} (run `npm ci` there; .ci/run does).";
        }
        try
        {
            using Process? node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (node is null || !node.WaitForExit(TimeSpan.FromSeconds(30)) || node.ExitCode != 0)
            {
                return "`node --version` failed: Node.js is not usable here.";
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "Node.js (`node`) is not on the PATH.";
        }
        return null;
    }
}

/// <summary>A fact that needs the Node.js client; skipped, with the reason, where it cannot run.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NodeClientFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the client cannot run.</summary>
    public NodeClientFactAttribute()
    {
        if (NodeClient.MissingReason is string reason)
        {
            Skip = reason;
        }
    }
}
