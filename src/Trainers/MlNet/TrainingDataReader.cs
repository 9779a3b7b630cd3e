using LanguageInterpolation.Trainers.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Trainers.MlNet;

/// <summary>Reads the character-ids and label columns of a data view into tensors, checking their types.</summary>
internal static class TrainingDataReader
{
    /// <summary>The window size and vocabulary size the columns declare (the ids column's length and the label's key count).</summary>
    public static (int WindowSize, int VocabularySize) Shape(DataViewSchema schema, string idsColumn, string labelColumn)
    {
        DataViewSchema.Column ids = schema.GetColumnOrNull(idsColumn)
            ?? throw new ArgumentException($"Column '{idsColumn}' not found: the trainer reads the window's character ids from it (the character-window featurizer writes it).");
        if (ids.Type is not VectorDataViewType { Size: > 0 } vector || (vector.ItemType != NumberDataViewType.Int64 && vector.ItemType != NumberDataViewType.Single))
        {
            throw new ArgumentException($"Column '{idsColumn}': expected a known-size vector of Int64 character ids (or Single holding whole ids), got {ids.Type}.");
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
    /// <exception cref="ArgumentException">The shape differs from the training data's, or an id lies outside the vocabulary.</exception>
    public static TrainingData Read(IDataView data, string idsColumn, string labelColumn, int windowSize, int vocabularySize)
    {
        (int size, int count) = Shape(data.Schema, idsColumn, labelColumn);
        if (size != windowSize || count != vocabularySize)
        {
            throw new ArgumentException($"Validation data has windows of {size} and {count} classes; the training data has {windowSize} and {vocabularySize}.");
        }
        DataViewSchema.Column idsColumnInfo = data.Schema[idsColumn];
        DataViewSchema.Column label = data.Schema[labelColumn];
        var contexts = new List<int>();
        var labels = new List<long>();
        using DataViewRowCursor cursor = data.GetRowCursor([idsColumnInfo, label]);
        Func<IEnumerable<double>> readIds = IdsReader(cursor, idsColumnInfo);
        ValueGetter<uint> getLabel = cursor.GetGetter<uint>(label);
        uint key = 0;
        while (cursor.MoveNext())
        {
            getLabel(ref key);
            if (key == 0)
            {
                continue;
            }
            foreach (double id in readIds())
            {
                if (id < 0 || id >= vocabularySize || id != Math.Floor(id))
                {
                    throw new ArgumentException($"Column '{idsColumn}' holds {id} in row {cursor.Position}, not an id of the vocabulary of {vocabularySize} characters.");
                }
                contexts.Add((int)id);
            }
            labels.Add(key - 1);
        }
        if (labels.Count == 0)
        {
            throw new ArgumentException("The data has no rows with a label.");
        }
        return TrainingData.FromArrays(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(contexts), [.. labels], windowSize, vocabularySize);
    }

    // Ids as numbers, from an Int64 or a Single vector column.
    private static Func<IEnumerable<double>> IdsReader(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        if ((column.Type as VectorDataViewType)?.ItemType == NumberDataViewType.Single)
        {
            ValueGetter<VBuffer<float>> getValues = cursor.GetGetter<VBuffer<float>>(column);
            VBuffer<float> values = default;
            return () =>
            {
                getValues(ref values);
                return values.DenseValues().Select(value => (double)value);
            };
        }
        ValueGetter<VBuffer<long>> getIds = cursor.GetGetter<VBuffer<long>>(column);
        VBuffer<long> ids = default;
        return () =>
        {
            getIds(ref ids);
            return ids.DenseValues().Select(id => (double)id);
        };
    }
}
