using TorchSharp;

namespace LanguageInterpolation.Tests.Support;

/// <summary>Pins TorchSharp's thread count so that exact comparisons do not depend on the machine
/// (1 and 2 threads differ in the last bits).</summary>
public static class TorchTestSettings
{
    private static readonly Lock Gate = new();

    /// <summary>Uses one thread for TorchSharp ops.</summary>
    public static void UseOneThread()
    {
        lock (Gate)
        {
            torch.set_num_threads(1);
        }
    }
}
