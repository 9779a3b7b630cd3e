namespace LanguageInterpolation.Trainers.Networks;

/// <summary>
/// What an <see cref="IIncrementalNetwork"/> carries from one call of <see cref="IIncrementalNetwork.Decode"/> to
/// the next for one text: the transformer's key/value cache, a state-space model's convolution and scan states.
/// </summary>
public interface IDecodingState : IDisposable
{
    /// <summary>Positions read since the state was created or cleared.</summary>
    int Length { get; }

    /// <summary>Positions that can still be read before the state must be cleared; <see cref="int.MaxValue"/> when
    /// the state has a fixed size whatever the length of the text (a recurrent state).</summary>
    int Free { get; }

    /// <summary>Forgets everything read.</summary>
    void Clear();
}
