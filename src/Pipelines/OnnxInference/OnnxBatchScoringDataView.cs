using LanguageInterpolation.Transforms.Vocabulary;
using LanguageInterpolation.Transforms.Windowing;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// The output of <see cref="OnnxBatchScoringTransformer"/>: the input's columns plus <c>Score</c> and
/// <c>PredictedLabel</c>. A cursor walks the input twice in step: one input cursor serves the passed-through
/// columns row by row, a second one runs up to a block ahead to read the windows of the next block, which
/// is scored in one session call when the first cursor reaches it (ML.NET cursors without a random source
/// visit rows in the same order). Without <c>Score</c> or <c>PredictedLabel</c> among the requested columns,
/// nothing is scored.
/// </summary>
internal sealed class OnnxBatchScoringDataView : IDataView
{
    private readonly IDataView _input;
    private readonly Source _source;
    private readonly OnnxLanguageModel _model;
    private readonly int _batchSize;

    public OnnxBatchScoringDataView(IDataView input, Source source, OnnxLanguageModel model, int batchSize)
    {
        _input = input;
        _source = source;
        _model = model;
        _batchSize = batchSize;
        Schema = OutputSchema(input.Schema, model.Vocabulary);
    }

    /// <summary>The input column the windows are read from; <paramref name="FromFeatures"/> when it holds input values rather than ids.</summary>
    public readonly record struct Source(DataViewSchema.Column Column, bool FromFeatures);

    public bool CanShuffle => false;

    public DataViewSchema Schema { get; }

    /// <summary>The input's columns, then <c>Score</c> (V Single) and <c>PredictedLabel</c> (key over V, named by the characters).</summary>
    public static DataViewSchema OutputSchema(DataViewSchema input, CharacterVocabulary vocabulary)
    {
        var builder = new DataViewSchema.Builder();
        builder.AddColumns(input);
        builder.AddColumn(CharacterWindowColumns.Score, new VectorDataViewType(NumberDataViewType.Single, vocabulary.Count));
        builder.AddColumn(CharacterWindowColumns.PredictedLabel, new KeyDataViewType(typeof(uint), vocabulary.Count),
            CharacterWindowDataView.KeyValueAnnotations(vocabulary));
        return builder.ToSchema();
    }

    public long? GetRowCount() => _input.GetRowCount();

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) =>
        new Cursor(this, columnsNeeded.Select(column => column.Index).ToHashSet());

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) =>
        [GetRowCursor(columnsNeeded, rand)];

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly OnnxBatchScoringDataView _view;
        private readonly HashSet<int> _active;
        private readonly int _inputCount;
        private readonly int _windowSize;
        private readonly int _classes;
        private readonly DataViewRowCursor _rows;
        private readonly DataViewRowCursor? _ahead;
        private readonly Action<Span<long>>? _readWindow;
        private readonly long[] _ids;
        private readonly float[] _scores;
        private long _row = -1;
        private long _blockStart;
        private long _blockEnd;

        public Cursor(OnnxBatchScoringDataView view, HashSet<int> active)
        {
            _view = view;
            _active = active;
            _inputCount = view._input.Schema.Count;
            _windowSize = view._model.WindowSize;
            _classes = view._model.Vocabulary.Count;
            DataViewSchema input = view._input.Schema;
            _rows = view._input.GetRowCursor(active.Where(index => index < _inputCount).Select(index => input[index]));
            _ids = [];
            _scores = [];
            if (active.Contains(_inputCount) || active.Contains(_inputCount + 1))
            {
                _ahead = view._input.GetRowCursor([view._source.Column]);
                _readWindow = WindowReader(_ahead, view._source, _windowSize, _classes);
                _ids = new long[view._batchSize * _windowSize];
                _scores = new float[view._batchSize * _classes];
            }
        }

        public override DataViewSchema Schema => _view.Schema;

        public override long Position => _rows.Position;

        public override long Batch => _rows.Batch;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

        public override ValueGetter<DataViewRowId> GetIdGetter() => _rows.GetIdGetter();

        public override bool MoveNext()
        {
            if (!_rows.MoveNext())
            {
                return false;
            }
            _row++;
            if (_ahead is not null && _row >= _blockEnd)
            {
                ScoreNextBlock();
            }
            return true;
        }

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!IsColumnActive(column))
            {
                throw new InvalidOperationException($"Column '{column.Name}' was not requested from the cursor.");
            }
            if (column.Index < _inputCount)
            {
                return _rows.GetGetter<TValue>(_view._input.Schema[column.Index]);
            }
            Delegate getter = column.Index == _inputCount ? (ValueGetter<VBuffer<float>>)GetScore : (ValueGetter<uint>)GetPredictedLabel;
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is of type {column.Type}, not {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rows.Dispose();
                _ahead?.Dispose();
            }
            base.Dispose(disposing);
        }

        private void ScoreNextBlock()
        {
            int rows = 0;
            while (rows < _view._batchSize && _ahead!.MoveNext())
            {
                _readWindow!(_ids.AsSpan(rows * _windowSize, _windowSize));
                rows++;
            }
            if (rows == 0)
            {
                throw new InvalidOperationException("The input gave the batched scorer fewer rows on its second cursor than on its first.");
            }
            _view._model.ScoreBatch(_ids.AsMemory(0, rows * _windowSize), _scores.AsMemory(0, rows * _classes));
            _blockStart = _row;
            _blockEnd = _row + rows;
        }

        private ReadOnlySpan<float> CurrentScores() =>
            _scores.AsSpan(checked((int)(_row - _blockStart)) * _classes, _classes);

        private void GetScore(ref VBuffer<float> value)
        {
            var editor = VBufferEditor.Create(ref value, _classes);
            CurrentScores().CopyTo(editor.Values);
            value = editor.Commit();
        }

        // Key values are 1-based; the first of equal scores wins, as in the ML.NET path's argmax.
        private void GetPredictedLabel(ref uint value)
        {
            ReadOnlySpan<float> scores = CurrentScores();
            int best = 0;
            for (int i = 1; i < scores.Length; i++)
            {
                if (scores[i] > scores[best])
                {
                    best = i;
                }
            }
            value = (uint)best + 1;
        }

        private static Action<Span<long>> WindowReader(DataViewRowCursor cursor, Source source, int windowSize, int classes)
        {
            if (!source.FromFeatures)
            {
                ValueGetter<VBuffer<long>> getIds = cursor.GetGetter<VBuffer<long>>(source.Column);
                VBuffer<long> ids = default;
                return window =>
                {
                    getIds(ref ids);
                    ids.CopyTo(window);
                };
            }
            // Input value of id i: (2i + 1) / V - 1, so i = (x + 1) V / 2 - 1/2, exact after rounding.
            ValueGetter<VBuffer<float>> getFeatures = cursor.GetGetter<VBuffer<float>>(source.Column);
            VBuffer<float> features = default;
            float[] dense = new float[windowSize];
            return window =>
            {
                getFeatures(ref features);
                features.CopyTo(dense);
                for (int i = 0; i < windowSize; i++)
                {
                    window[i] = Math.Clamp((long)MathF.Round((dense[i] + 1f) * classes * 0.5f - 0.5f), 0, classes - 1);
                }
            };
        }
    }
}
