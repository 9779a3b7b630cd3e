using static TorchSharp.torch;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>Turns a device name into a TorchSharp device, failing clearly when CUDA is asked for but absent.</summary>
public static class TrainingDevice
{
    /// <summary>True for "cpu", "cuda" and "cuda:N".</summary>
    public static bool IsValidName(string? name) =>
        name is "cpu" or "cuda" || (name is not null && name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name[5..], out int index) && index >= 0);

    /// <summary>The device; for CUDA, initialises TorchSharp's CUDA backend and checks that a GPU is visible.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    /// <exception cref="InvalidOperationException">CUDA asked for but not available.</exception>
    public static Device Resolve(string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"Unknown device '{name}': use cpu, cuda or cuda:N.", nameof(name));
        }
        if (name == "cpu")
        {
            return CPU;
        }
        try
        {
            InitializeDeviceType(TorchSharp.DeviceType.CUDA);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"Device '{name}' asked for, but TorchSharp cannot load a CUDA libtorch here ({error.Message}). Build with -p:UseTorchCuda=true against a CUDA libtorch, or use --device cpu.", error);
        }
        if (!cuda.is_available())
        {
            throw new InvalidOperationException($"Device '{name}' asked for, but no CUDA GPU is available. Use --device cpu.");
        }
        return device(name);
    }
}
