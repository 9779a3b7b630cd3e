using LanguageInterpolation.Transforms.Vocabulary;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Transforms.Windowing;

/// <summary>
/// Character windows as an ML.NET <see cref="IDataView"/> with the columns <c>Context</c> (text),
/// <c>Features</c> (known-size float vector of the characters' input values in [-1, 1], what LightGBM
/// reads), <c>CharacterIds</c> (known-size int64 vector of the characters' ids, what the networks read)
/// and <c>Label</c> (key over the vocabulary, whose key values are the characters). Rows are computed on the fly from the encoded
/// text, so a view costs no memory per row. Optional corruption replaces a share of each row's context
/// characters by random ones, the same way on every pass (seeded per row).
/// </summary>
public sealed class CharacterWindowDataView : IDataView
{
    private readonly CharacterWindows _windows;
    private readonly double _corruptionFraction;
    private readonly int _seed;
    private readonly float[] _inputValues;

    /// <summary>Creates the view; corruption applies only when <paramref name="corruptionFraction"/> is positive.
    /// Pass corruption for training windows only (see <see cref="WindowedCorpus.TrainDataView"/>).</summary>
    public CharacterWindowDataView(CharacterWindows windows, double corruptionFraction = 0, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (corruptionFraction is < 0 or > 1 || double.IsNaN(corruptionFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(corruptionFraction), corruptionFraction, "Must be in [0, 1].");
        }
        _windows = windows;
        _corruptionFraction = corruptionFraction;
        _seed = seed;
        _inputValues = windows.Vocabulary.InputValues();
        Schema = BuildSchema(windows.Vocabulary, windows.WindowSize);
    }

    /// <summary>The windows behind the view.</summary>
    public CharacterWindows Windows => _windows;

    /// <inheritdoc />
    public bool CanShuffle => false;

    /// <inheritdoc />
    public DataViewSchema Schema { get; }

    /// <summary>The schema of character-window rows for a vocabulary and window size.</summary>
    public static DataViewSchema BuildSchema(CharacterVocabulary vocabulary, int windowSize)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumn(CharacterWindowColumns.Context, TextDataViewType.Instance);
        builder.AddColumn(CharacterWindowColumns.Features, new VectorDataViewType(NumberDataViewType.Single, windowSize));
        builder.AddColumn(CharacterWindowColumns.CharacterIds, new VectorDataViewType(NumberDataViewType.Int64, windowSize));
        builder.AddColumn(CharacterWindowColumns.Label, new KeyDataViewType(typeof(uint), vocabulary.Count), KeyValueAnnotations(vocabulary));
        return builder.ToSchema();
    }

    // ML.NET's name for the annotation that maps key values to their meaning (MapKeyToValue reads it).
    private const string KeyValuesAnnotation = "KeyValues";

    /// <summary>Key-value annotations that name every class by its character.</summary>
    public static DataViewSchema.Annotations KeyValueAnnotations(CharacterVocabulary vocabulary)
    {
        var characters = vocabulary.Characters.Select(character => character.ToString().AsMemory()).ToArray();
        var annotations = new DataViewSchema.Annotations.Builder();
        annotations.Add<VBuffer<ReadOnlyMemory<char>>>(
            KeyValuesAnnotation, new VectorDataViewType(TextDataViewType.Instance, vocabulary.Count),
            (ref VBuffer<ReadOnlyMemory<char>> value) => value = new VBuffer<ReadOnlyMemory<char>>(characters.Length, characters));
        return annotations.ToAnnotations();
    }

    /// <inheritdoc />
    public long? GetRowCount() => _windows.Count;

    /// <inheritdoc />
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(column => column.Index).ToHashSet());

    /// <inheritdoc />
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private void ReadRow(long position, Span<int> context, out int label)
    {
        label = _windows.GetWindow(position, context);
        if (_corruptionFraction <= 0)
        {
            return;
        }
        int replaced = (int)(_corruptionFraction * context.Length);
        var random = new Random(RowSeed(_seed, position));
        for (int k = 0; k < replaced; k++)
        {
            context[random.Next(context.Length)] = random.Next(_windows.Vocabulary.Count);
        }
    }

    // A seed per (view seed, row) that is the same in every process (HashCode.Combine is randomised
    // per process, which made corruption differ from one run to the next): SplitMix64's finaliser.
    private static int RowSeed(int seed, long position)
    {
        ulong z = unchecked(((ulong)(uint)seed << 32 ^ (ulong)position) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(uint)(z ^ (z >> 31));
    }

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly CharacterWindowDataView _view;
        private readonly HashSet<int> _active;
        private readonly int[] _context;
        private long _position = -1;
        private int _label;

        public Cursor(CharacterWindowDataView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            _context = new int[view._windows.WindowSize];
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override bool MoveNext()
        {
            if (_position + 1 >= _view._windows.Count)
            {
                _position = _view._windows.Count;
                return false;
            }
            _position++;
            _view.ReadRow(_position, _context, out _label);
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested from the cursor.");
            }
            Delegate getter = column.Name switch
            {
                CharacterWindowColumns.Context => (ValueGetter<ReadOnlyMemory<char>>)GetContext,
                CharacterWindowColumns.Features => (ValueGetter<VBuffer<float>>)GetFeatures,
                CharacterWindowColumns.CharacterIds => (ValueGetter<VBuffer<long>>)GetCharacterIds,
                CharacterWindowColumns.Label => (ValueGetter<uint>)GetLabel,
                _ => throw new InvalidOperationException($"Unknown column '{column.Name}'."),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type}, not {typeof(TValue).Name}.");
        }

        private void GetContext(ref ReadOnlyMemory<char> value) => value = _view._windows.Vocabulary.Decode(_context).AsMemory();

        private void GetFeatures(ref VBuffer<float> value)
        {
            var editor = VBufferEditor.Create(ref value, _context.Length);
            for (int i = 0; i < _context.Length; i++)
            {
                editor.Values[i] = _view._inputValues[_context[i]];
            }
            value = editor.Commit();
        }

        private void GetCharacterIds(ref VBuffer<long> value)
        {
            var editor = VBufferEditor.Create(ref value, _context.Length);
            for (int i = 0; i < _context.Length; i++)
            {
                editor.Values[i] = _context[i];
            }
            value = editor.Commit();
        }

        private void GetLabel(ref uint value) => value = (uint)_label + 1;
    }
}
