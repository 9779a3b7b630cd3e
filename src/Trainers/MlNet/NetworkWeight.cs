namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>One named weight tensor of a trained network: its shape and its values in row-major order.</summary>
/// <param name="Name">The name in the network's state dictionary (e.g. <c>input.weight</c>).</param>
/// <param name="Shape">The tensor's dimensions.</param>
/// <param name="Values">The values, row-major, as float32.</param>
public sealed record NetworkWeight(string Name, long[] Shape, float[] Values);
