using System.Diagnostics;
using LanguageInterpolation.Trainers.Networks;
using LanguageInterpolation.Trainers.Optimizers;
using TorchSharp;
using static TorchSharp.torch;
using static LanguageInterpolation.Trainers.Tensors.HeldScalars;

namespace LanguageInterpolation.Trainers.Training;

/// <summary>
/// Trains a network on windows with cross-entropy: shuffled mini-batches (the permutation of epoch e is
/// seeded by (seed, e), so a resumed run sees the same batches as an uninterrupted one), one dispose
/// scope per step, an optional gradient-norm clip, a learning-rate schedule stepped on the validation
/// loss after every epoch, early stopping with the best weights restored, an optional time budget, an
/// atomic checkpoint after every epoch, and a clean stop on cancellation (checkpoint first).
/// </summary>
/// <remarks>
/// <para><b>Networks that predict every position</b> (<see cref="NetworkOutput.EveryPosition"/>, the causal
/// transformers) train on every position of a window (teacher forcing): the target of position t is the
/// character at t + 1 and that of the last position the row's label (<see cref="TrainingData.TargetBatch"/>), and
/// the loss is the mean over the b x N positions. As consecutive rows overlap in all but one character, an epoch
/// reads every N-th row from an offset drawn from (seed, epoch), in a shuffled order: each training character is a
/// target about once per epoch, and the reported samples (and samples per second) count positions.</para>
/// <para><b>Evaluation</b> (<see cref="Evaluate"/>, the validation loss that drives the schedule and early
/// stopping) scores every network on the character after each window, with that window as its context: the
/// same targets and the same context length N as the window models, so held-out figures stay comparable. The
/// first N characters of each held-out block are never targets (no row ends before them), exactly as for the
/// window models. For a sequence network this costs a pass over N positions per target, in batches of
/// <see cref="TrainingOptions.EvaluationBatchSize"/> positions (EvaluationBatchSize / N windows).</para>
/// </remarks>
public sealed class TrainingLoop
{
    private readonly LanguageNetwork _network;
    private readonly TrainingOptions _options;
    private readonly IProgress<EpochReport>? _progress;

    /// <summary>Prepares a run; <see cref="Run"/> does it.</summary>
    public TrainingLoop(LanguageNetwork network, TrainingOptions options, IProgress<EpochReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _options = options;
        _progress = progress;
    }

    /// <summary>Called after every optimiser step, on the training thread, with the training clock stopped (its time
    /// is not training time), e.g. to evaluate between epochs' ends (li-bench's time to accuracy). The network is
    /// put back into training mode afterwards, so the callback may call <see cref="Evaluate"/>.</summary>
    public Action<StepReport>? AfterStep { get; init; }

    /// <summary>Trains; returns the history. The network ends with its best weights (or its last, without validation data).</summary>
    /// <exception cref="OperationCanceledException">Cancelled; the checkpoint (if any) holds the last finished epoch.</exception>
    public TrainingHistory Run(TrainingData train, TrainingData? validation = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (_options.Threads > 0)
        {
            set_num_threads(_options.Threads);
        }
        NativeHeap.KeepFreedBlocks();
        Device device = TrainingDevice.Resolve(_options.Device);
        _network.to(device);
        train.MoveTo(device);
        validation?.MoveTo(device);
        using IParameterOptimizer optimizer = OptimizerFactory.Create(_network.parameters(), _options.Optimizer);
        ILearningRateSchedule schedule = ScheduleFactory.Create(_options.Schedule, _options.Optimizer.LearningRate, _options.MaxEpochs, _options.TimeBudget);
        var earlyStopping = new EarlyStopping(_options.EarlyStoppingPatience, _options.EarlyStoppingMinDelta);
        var state = new RunState();
        if (_options.ResumeFrom is string resumePath)
        {
            TrainingCheckpoint.Load(resumePath, _network, optimizer, schedule, earlyStopping, state);
        }
        StopReason stopReason = StopReason.MaxEpochs;
        ThreadBudget? threadBudget = _options.AdaptThreadsToLoad && _options.Threads == 0 ? new ThreadBudget() : null;
        for (int epoch = state.Epochs.Count + 1; epoch <= _options.MaxEpochs; epoch++)
        {
            if (threadBudget is not null)
            {
                set_num_threads(threadBudget.Next());
            }
            if (cancellation.IsCancellationRequested)
            {
                stopReason = StopReason.Cancelled;
                break;
            }
            (EpochReport report, bool outOfTime, bool cancelled) = RunEpoch(epoch, train, validation, optimizer, schedule, state, cancellation);
            if (cancelled)
            {
                stopReason = StopReason.Cancelled;
                break;
            }
            state.Epochs.Add(report);
            _progress?.Report(report);
            optimizer.LearningRate = schedule.LearningRateForEpoch(epoch, report.ValidationLoss);
            bool stop = false;
            if (report.ValidationLoss is double validationLoss)
            {
                stop = earlyStopping.Update(validationLoss) && _options.EarlyStoppingPatience > 0;
                if (earlyStopping.Improved)
                {
                    state.RememberBest(_network, epoch);
                }
            }
            else
            {
                state.BestEpoch = epoch;
            }
            if (_options.CheckpointPath is string checkpointPath)
            {
                TrainingCheckpoint.Save(checkpointPath, _network, _options, optimizer, schedule, earlyStopping, state);
            }
            if (outOfTime || stop)
            {
                stopReason = outOfTime ? StopReason.TimeBudget : StopReason.EarlyStopping;
                break;
            }
        }
        state.RestoreBest(_network);
        var history = new TrainingHistory { Epochs = [.. state.Epochs], BestEpoch = state.BestEpoch, StopReason = stopReason };
        state.Dispose();
        if (stopReason == StopReason.Cancelled)
        {
            throw new OperationCanceledException(
                _options.CheckpointPath is null || history.Epochs.Count == 0
                    ? $"Training was cancelled during epoch {history.Epochs.Count + 1}; no checkpoint was written."
                    : $"Training was cancelled; the checkpoint {_options.CheckpointPath} holds epoch {history.Epochs.Count} (resume with it).",
                cancellation);
        }
        return history;
    }

    // Logits at L output positions (b, L, V) and targets at the N window positions (b, N): with one output per
    // character (L = N) every target; with one per token of c = N / L characters, the target after each token's
    // last character (positions c - 1, 2c - 1, ...).
    private static (Tensor Logits, Tensor Targets) EveryPosition(Tensor logits, Tensor targets)
    {
        long outputs = logits.shape[1];
        long perOutput = targets.shape[1] / outputs;
        Tensor selected = perOutput == 1 ? targets : targets.view(targets.shape[0], outputs, perOutput).select(2, perOutput - 1);   // (b, L)
        return (logits.flatten(0, 1), selected.flatten());                                                                          // (b·L, V), (b·L)
    }

    private (EpochReport Report, bool OutOfTime, bool Cancelled) RunEpoch(
        int epoch, TrainingData train, TrainingData? validation, IParameterOptimizer optimizer, ILearningRateSchedule schedule, RunState state, CancellationToken cancellation)
    {
        _network.train();
        bool everyPosition = _network.Output == NetworkOutput.EveryPosition;
        Tensor order = everyPosition ? ShuffleEveryNthRow(train, epoch) : Shuffle(train.Rows, epoch, train.Contexts.device);
        long epochRows = order.shape[0];
        using var noise = new Generator(unchecked((ulong)(_options.Seed * 1_000_003L + epoch) ^ 0x5DEECE66DUL));
        var clock = Stopwatch.StartNew();
        long samples = 0;
        long heapCheckedAt = 0;
        int step = 0, stepsPerEpoch = checked((int)((epochRows + _options.BatchSize - 1) / _options.BatchSize));
        bool outOfTime = false;
        bool cancelled = false;
        using Tensor lossSum = zeros(1, dtype: float64, device: train.Contexts.device);
        using Tensor correct = zeros(1, dtype: int64, device: train.Contexts.device);
        double budgetSeconds = _options.TimeBudget?.TotalSeconds ?? double.PositiveInfinity;
        for (long start = 0; start < epochRows; start += _options.BatchSize)
        {
            if (cancellation.IsCancellationRequested)
            {
                cancelled = true;
                break;
            }
            using (NewDisposeScope())
            {
                Tensor rows = order.narrow(0, start, Math.Min(_options.BatchSize, epochRows - start));  // (b)
                Tensor ids = Corrupt(train.ContextBatch(rows), noise);                                    // (b, N) int64
                (Tensor logits, Tensor y) = everyPosition
                    ? EveryPosition(_network.call(ids), train.TargetBatch(rows))                         // (b·L, V), (b·L)
                    : (_network.NextCharacterLogits(ids), train.Labels.index_select(0, rows));           // (b, V), (b)
                Tensor loss = nn.functional.cross_entropy(logits, y);
                optimizer.ZeroGrad();
                loss.backward();
                if (_options.GradientClipNorm > 0)
                {
                    nn.utils.clip_grad_norm_(_network.parameters(), _options.GradientClipNorm);
                }
                optimizer.Step();
                using (no_grad())
                {
                    using Scalar count = y.shape[0];
                    lossSum.add_(loss.detach().to(float64), alpha: count);
                    correct.add_(logits.argmax(1).eq(y).sum(), One);
                }
                samples += y.shape[0];
            }
            NativeHeap.ReleasePeriodically(samples, ref heapCheckedAt);
            step++;
            if (AfterStep is not null)
            {
                clock.Stop();
                AfterStep(new StepReport
                {
                    Epoch = epoch,
                    Step = step,
                    StepsPerEpoch = stepsPerEpoch,
                    CumulativeTrainSeconds = state.TrainSecondsBefore + clock.Elapsed.TotalSeconds,
                });
                _network.train();
                clock.Start();
            }
            if (schedule is BudgetCosineSchedule budgetCosine)
            {
                optimizer.LearningRate = budgetCosine.RateAfter(state.TrainSecondsBefore + clock.Elapsed.TotalSeconds);
            }
            if (state.TrainSecondsBefore + clock.Elapsed.TotalSeconds >= budgetSeconds)
            {
                outOfTime = true;
                break;
            }
        }
        clock.Stop();
        order.Dispose();
        NativeHeap.ReleaseIfGrown();
        double trainSeconds = clock.Elapsed.TotalSeconds;
        state.TrainSecondsBefore += trainSeconds;
        double? validationLoss = null;
        double? validationAccuracy = null;
        if (validation is not null)
        {
            (validationLoss, validationAccuracy) = Evaluate(validation);
        }
        var report = new EpochReport
        {
            Epoch = epoch,
            TrainLoss = samples > 0 ? lossSum.item<double>() / samples : double.NaN,
            TrainAccuracy = samples > 0 ? (double)correct.item<long>() / samples : double.NaN,
            ValidationLoss = validationLoss,
            ValidationAccuracy = validationAccuracy,
            LearningRate = optimizer.LearningRate,
            SamplesPerSecond = trainSeconds > 0 ? samples / trainSeconds : 0,
            Samples = samples,
            TrainSeconds = trainSeconds,
            CumulativeTrainSeconds = state.TrainSecondsBefore,
        };
        return (report, outOfTime, cancelled);
    }

    /// <summary>Mean cross-entropy (nats) and accuracy of the network on windows, in evaluation mode.</summary>
    public (double Loss, double Accuracy) Evaluate(TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _network.eval();
        using var noGrad = no_grad();
        using Tensor lossSum = zeros(1, dtype: float64, device: data.Contexts.device);
        using Tensor correct = zeros(1, dtype: int64, device: data.Contexts.device);
        long heapCheckedAt = 0;
        // A sequence network computes every position of a window: batches of EvaluationBatchSize positions, not
        // windows, keep its activations (B x N x width) as small as a window model's.
        long batchSize = _network.Output == NetworkOutput.EveryPosition
            ? Math.Max(1, _options.EvaluationBatchSize / data.WindowSize)
            : _options.EvaluationBatchSize;
        for (long start = 0; start < data.Rows; start += batchSize)
        {
            using var scope = NewDisposeScope();
            long count = Math.Min(batchSize, data.Rows - start);
            Tensor ids = data.ContextSlice(start, count);                                              // (b, N) int64
            Tensor y = data.Labels.narrow(0, start, count);                                            // (b)
            Tensor logits = _network.NextCharacterLogits(ids);                                         // (b, V)
            lossSum.add_(nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).to(float64), One);
            correct.add_(logits.argmax(1).eq(y).sum(), One);
            NativeHeap.ReleasePeriodically(start + count, ref heapCheckedAt);
        }
        NativeHeap.ReleaseIfGrown();
        return data.Rows == 0 ? (double.NaN, double.NaN) : (lossSum.item<double>() / data.Rows, (double)correct.item<long>() / data.Rows);
    }

    // Replaces each context character, with probability InputCorruption, by a character drawn uniformly from
    // the vocabulary. New draws every batch, so it is augmentation, unlike a corruption fixed in the data.
    private Tensor Corrupt(Tensor ids, Generator noise)
    {
        if (_options.InputCorruption <= 0)
        {
            return ids;
        }
        int vocabularySize = _network.Config.VocabularySize;
        using Scalar probability = _options.InputCorruption;
        Tensor replace = rand(ids.shape, generator: noise).lt(probability).to(ids.device);                        // (b, N)
        Tensor randomIds = randint(0, vocabularySize, ids.shape, generator: noise, dtype: int64).to(ids.device);  // (b, N)
        return where(replace, randomIds, ids);
    }

    // Rows offset, offset + N, offset + 2N, ... in a shuffled order; the offset and the order come from (seed, epoch).
    private Tensor ShuffleEveryNthRow(TrainingData train, int epoch)
    {
        int stride = train.WindowSize;
        using var generator = new Generator(unchecked((ulong)(_options.Seed * 1_000_003L + epoch)));
        using Tensor offsetDraw = randint(0, Math.Min(stride, Math.Max(train.Rows, 1)), [1], generator: generator, dtype: int64);
        long offset = offsetDraw.item<long>();
        using Tensor rows = Range(offset, train.Rows, stride);                                               // (R / N)
        using Tensor order = randperm(rows.shape[0], generator: generator);
        using Tensor shuffled = rows.index_select(0, order);
        return shuffled.to(train.Contexts.device).DetachFromDisposeScope();
    }

    private Tensor Shuffle(long rows, int epoch, Device device)
    {
        using var generator = new Generator(unchecked((ulong)(_options.Seed * 1_000_003L + epoch)));
        using Tensor order = randperm(rows, generator: generator);
        return order.to(device).DetachFromDisposeScope();
    }

    /// <summary>What a run carries from epoch to epoch (and what a checkpoint restores).</summary>
    internal sealed class RunState : IDisposable
    {
        public List<EpochReport> Epochs { get; } = [];

        public int BestEpoch { get; set; }

        public double TrainSecondsBefore { get; set; }

        public Dictionary<string, Tensor>? BestWeights { get; set; }

        public void RememberBest(LanguageNetwork network, int epoch)
        {
            DisposeBest();
            BestWeights = network.state_dict().ToDictionary(pair => pair.Key, pair => pair.Value.detach().clone().DetachFromDisposeScope());
            BestEpoch = epoch;
        }

        public void RestoreBest(LanguageNetwork network)
        {
            if (BestWeights is null)
            {
                return;
            }
            TensorArchive.CopyInto([.. BestWeights.Select(pair => (pair.Key, pair.Value))], network.state_dict(), "Best weights");
        }

        public void Dispose() => DisposeBest();

        private void DisposeBest()
        {
            foreach (Tensor weight in BestWeights?.Values ?? Enumerable.Empty<Tensor>())
            {
                weight.Dispose();
            }
            BestWeights = null;
        }
    }
}
