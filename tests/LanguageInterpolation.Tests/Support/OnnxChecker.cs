using System.Diagnostics;
using Xunit;

namespace LanguageInterpolation.Tests.Support;

/// <summary>
/// Runs the reference ONNX checker (Debian's python3-onnx 1.12) with its full check, shape and type
/// inference included, on a model file. Where python3-onnx is missing the check is skipped (the test
/// returns early), unless the environment variable <see cref="RequireVariable"/> is "1", as on CI, where
/// a missing checker fails the test.
/// </summary>
public static class OnnxChecker
{
    /// <summary>Set to "1" to fail instead of skipping when the checker is missing.</summary>
    public const string RequireVariable = "LI_REQUIRE_ONNX_CHECKER";

    private const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Present = new(() => File.Exists(Python) && Run("-c \"import onnx, onnx.checker\"").ExitCode == 0);

    /// <summary>Checks the file; returns false when the checker is missing and not required (the caller returns).</summary>
    public static bool Check(string path)
    {
        if (!Present.Value)
        {
            Assert.False(Environment.GetEnvironmentVariable(RequireVariable) == "1",
                $"{RequireVariable}=1 but {Python} cannot import onnx: install python3-onnx.");
            return false;
        }
        (int exitCode, string output) = Run($"-c \"import sys, onnx, onnx.checker; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)\" \"{path}\"");
        Assert.True(exitCode == 0, $"onnx.checker.check_model(full_check=True) rejects {path}:\n{output}");
        return true;
    }

    private static (int ExitCode, string Output) Run(string arguments)
    {
        var start = new ProcessStartInfo(Python, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
