using LanguageInterpolation.Trainers.Presets;
using LanguageInterpolation.Trainers.Networks;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>
/// Trains any network configuration (what presets and searches produce), as an ML.NET multiclass trainer;
/// the four typed trainers are this with a fixed architecture type.
/// </summary>
public sealed class NetworkTrainer : NetworkTrainerBase
{
    /// <summary>Creates the trainer for any network configuration in <paramref name="mlContext"/>.</summary>
    public NetworkTrainer(MLContext mlContext, Options options) : base(mlContext, options)
    {
    }

    internal NetworkTrainer(IHostEnvironment environment, MLContext components, Options options) : base(environment, components, options)
    {
    }

    /// <summary>Options of <see cref="NetworkTrainer"/>.</summary>
    public sealed class Options : NetworkTrainerOptions
    {
        /// <summary>The architecture; its input and output widths come from the data.</summary>
        public NetworkConfig Network { get; set; } = new HighOrderMlpConfig();

        internal override NetworkConfig Architecture => Network;

        /// <summary>Options that train a preset's network with the preset's training settings.</summary>
        public static Options FromPreset(NetworkPreset preset)
        {
            ArgumentNullException.ThrowIfNull(preset);
            return new Options { Network = preset.Network, Training = preset.Training };
        }
    }
}
