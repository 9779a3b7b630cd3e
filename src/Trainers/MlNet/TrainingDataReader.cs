using LanguageInterpolation.Trainers.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>Reads the feature and label columns of a data view into tensors, checking their types.</summary>
internal static class TrainingDataReader
{
    /// <summary>The window size and vocabulary size the columns declare.</summary>
    public static (int WindowSize, int Classes) Shape(DataViewSchema schema, string featureColumn, string labelColumn)
    {
        DataViewSchema.Column features = schema.GetColumnOrNull(featureColumn)
            ?? throw new ArgumentException($"Column '{featureColumn}' not found: the trainer reads the window's input values from it.");
        if (features.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vector || vector.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentException($"Column '{featureColumn}': expected a known-size vector of Single, got {features.Type}.");
        }
        DataViewSchema.Column label = schema.GetColumnOrNull(labelColumn)
            ?? throw new ArgumentException($"Column '{labelColumn}' not found: the trainer reads the class of each window from it.");
        if (label.Type is not KeyDataViewType key || key.Count < 2 || key.Count > int.MaxValue)
        {
            throw new ArgumentException($"Column '{labelColumn}': expected a key type over the vocabulary (at least 2 classes), got {label.Type}.");
        }
        return (vector.Size, (int)key.Count);
    }

    /// <summary>Reads every row; rows with a missing label are skipped.</summary>
    public static TrainingData Read(IDataView data, string featureColumn, string labelColumn, int windowSize, int classes)
    {
        (int size, int count) = Shape(data.Schema, featureColumn, labelColumn);
        if (size != windowSize || count != classes)
        {
            throw new ArgumentException($"Validation data has windows of {size} and {count} classes; the training data has {windowSize} and {classes}.");
        }
        DataViewSchema.Column features = data.Schema[featureColumn];
        DataViewSchema.Column label = data.Schema[labelColumn];
        var values = new List<float>();
        var labels = new List<long>();
        using DataViewRowCursor cursor = data.GetRowCursor([features, label]);
        ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(features);
        ValueGetter<uint> getLabel = cursor.GetGetter<uint>(label);
        VBuffer<float> window = default;
        uint key = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref key);
            if (key == 0)
            {
                continue;
            }
            getFeatures(ref window);
            foreach (float value in window.DenseValues())
            {
                values.Add(value);
            }
            labels.Add(key - 1);
        }
        if (labels.Count == 0)
        {
            throw new ArgumentException("The data has no rows with a label.");
        }
        return TrainingData.FromArrays([.. values], [.. labels], windowSize);
    }
}
