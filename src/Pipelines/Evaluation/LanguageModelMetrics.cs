namespace LanguageInterpolation.Pipelines.Evaluation;

/// <summary>How well a model predicts the next character on a set of windows.</summary>
/// <param name="Rows">Windows evaluated.</param>
/// <param name="Accuracy">Share of windows whose most probable character is right.</param>
/// <param name="TopKAccuracy">Share of windows whose right character is among the <paramref name="TopK"/> most probable.</param>
/// <param name="TopK">The k of <paramref name="TopKAccuracy"/>.</param>
/// <param name="LogLoss">Mean cross-entropy in nats per character.</param>
public sealed record LanguageModelMetrics(long Rows, double Accuracy, double TopKAccuracy, int TopK, double LogLoss)
{
    /// <summary>Cross-entropy in bits per character: log-loss in nats / ln 2.</summary>
    public double BitsPerCharacter => LogLoss / Math.Log(2);
}
