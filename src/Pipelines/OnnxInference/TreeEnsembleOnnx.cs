using LanguageInterpolation.Common.MlNet;
using LanguageInterpolation.Common.Onnx;
using LanguageInterpolation.Common.Onnx.Proto;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;

namespace LanguageInterpolation.Pipelines.OnnxInference;

/// <summary>
/// Rewrites the trees of ML.NET's ONNX conversion of a one-versus-all tree model (the LightGBM baseline)
/// from the trees themselves, because ML.NET writes categorical splits wrongly: it emits every split as
/// <c>feature &lt;= threshold</c> and gives categorical ones feature -1, which ONNX Runtime rejects. ML.NET
/// evaluates a categorical split as "go right when any of its features (slots of the one-hot vector) is
/// above 0, else left"; here that becomes a chain of <c>BRANCH_GT</c> nodes, one per feature, each going
/// right when its feature is on and on to the next (the last one: left) otherwise. Numerical splits are
/// written as ML.NET evaluates them (<c>feature &lt;= threshold</c> goes left). Node ids: the tree's
/// internal nodes first (0..n-1, as in ML.NET), then the extra chain nodes, then the leaves.
/// </summary>
/// <remarks>
/// The trees of each class are read through ML.NET's public tree API (<see cref="RegressionTreeBase"/>);
/// only the list of per-class models of <see cref="OneVersusAllModelParameters"/> is internal and is read
/// through <see cref="MlNetInternals"/>; if a later ML.NET moves it, export fails with a clear message
/// instead of writing a wrong model.
/// </remarks>
internal static class TreeEnsembleOnnx
{
    /// <summary>Whether the graph holds tree ensembles.</summary>
    public static bool HasTrees(GraphProto graph) => TreeNodes(graph).Any();

    /// <summary>Replaces the node and leaf attributes of the graph's tree ensembles (in graph order, one per class) by the trees of <paramref name="predictor"/>.</summary>
    /// <exception cref="NotSupportedException">The predictor is not a one-versus-all model of tree ensembles matching the graph.</exception>
    public static void Rewrite(GraphProto graph, ITransformer predictor)
    {
        ArgumentNullException.ThrowIfNull(graph);
        IReadOnlyList<RegressionTreeEnsemble> ensembles = ClassEnsembles(predictor);
        List<NodeProto> nodes = TreeNodes(graph).ToList();
        if (nodes.Count != ensembles.Count)
        {
            throw new NotSupportedException($"ML.NET's ONNX conversion has {nodes.Count} tree ensembles but the model has {ensembles.Count} classes.");
        }
        for (int k = 0; k < nodes.Count; k++)
        {
            Write(nodes[k], ensembles[k]);
        }
    }

    private static IEnumerable<NodeProto> TreeNodes(GraphProto graph) =>
        graph.Node.Where(node => node.Domain == OnnxGraphBuilder.MlDomain && node.OpType == "TreeEnsembleRegressor");

    private static IReadOnlyList<RegressionTreeEnsemble> ClassEnsembles(ITransformer predictor)
    {
        object? model = (predictor as IPredictionTransformer<object>)?.Model;
        if (model is not OneVersusAllModelParameters ova)
        {
            throw new NotSupportedException($"Cannot read the trees of a {model?.GetType().Name ?? "missing"} model; expected ML.NET's one-versus-all model (the LightGBM multiclass trainer's).");
        }
        return [.. MlNetInternals.SubModelsOf(ova).Select(TreesOf)];
    }

    // A class model is the tree model itself, or a calibrated model whose sub-model is.
    private static RegressionTreeEnsemble TreesOf(object classModel)
    {
        object? trees = classModel is TreeEnsembleModelParametersBasedOnRegressionTree ? classModel : MlNetInternals.UncalibratedOf(classModel);
        return (trees as TreeEnsembleModelParametersBasedOnRegressionTree)?.TrainedTreeEnsemble
            ?? throw new NotSupportedException($"A class model of type {classModel.GetType().Name} is not a regression tree ensemble.");
    }

    private static void Write(NodeProto node, RegressionTreeEnsemble ensemble)
    {
        var table = new NodeTable();
        for (int treeId = 0; treeId < ensemble.Trees.Count; treeId++)
        {
            AddTree(table, treeId, ensemble.Trees[treeId]);
        }
        var kept = node.Attribute.Where(attribute => !attribute.Name.StartsWith("nodes_", StringComparison.Ordinal)
            && !attribute.Name.StartsWith("target_", StringComparison.Ordinal)).ToList();
        node.Attribute.Clear();
        node.Attribute.AddRange(kept);
        node.Attribute.Add(OnnxAttributes.Ints("nodes_treeids", table.TreeIds));
        node.Attribute.Add(OnnxAttributes.Ints("nodes_nodeids", table.NodeIds));
        node.Attribute.Add(OnnxAttributes.Ints("nodes_featureids", table.FeatureIds));
        node.Attribute.Add(OnnxAttributes.Strings("nodes_modes", table.Modes));
        node.Attribute.Add(OnnxAttributes.Floats("nodes_values", table.Values));
        node.Attribute.Add(OnnxAttributes.Ints("nodes_truenodeids", table.TrueIds));
        node.Attribute.Add(OnnxAttributes.Ints("nodes_falsenodeids", table.FalseIds));
        node.Attribute.Add(OnnxAttributes.Ints("nodes_missing_value_tracks_true", table.TreeIds.Select(_ => 0L)));
        node.Attribute.Add(OnnxAttributes.Ints("target_treeids", table.LeafTreeIds));
        node.Attribute.Add(OnnxAttributes.Ints("target_nodeids", table.LeafNodeIds));
        node.Attribute.Add(OnnxAttributes.Ints("target_ids", table.LeafTreeIds.Select(_ => 0L)));
        node.Attribute.Add(OnnxAttributes.Floats("target_weights", table.LeafWeights));
    }

    private static void AddTree(NodeTable table, int treeId, RegressionTreeBase tree)
    {
        int internalNodes = tree.NumberOfNodes;
        int chainNodes = Enumerable.Range(0, internalNodes)
            .Sum(node => tree.CategoricalSplitFlags[node] ? Math.Max(tree.GetCategoricalSplitFeaturesAt(node).Count - 1, 0) : 0);
        int firstLeaf = internalNodes + chainNodes;
        long Child(int child) => child < 0 ? firstLeaf + ~child : child;
        int nextChainNode = internalNodes;
        for (int node = 0; node < internalNodes; node++)
        {
            if (!tree.CategoricalSplitFlags[node])
            {
                table.Add(treeId, node, "BRANCH_LEQ", tree.NumericalSplitFeatureIndexes[node], tree.NumericalSplitThresholds[node],
                    Child(tree.LeftChild[node]), Child(tree.RightChild[node]));
                continue;
            }
            IReadOnlyList<int> features = tree.GetCategoricalSplitFeaturesAt(node);
            if (features.Count == 0)
            {
                throw new NotSupportedException($"Tree {treeId}: categorical split at node {node} has no features.");
            }
            long id = node;
            for (int i = 0; i < features.Count; i++)
            {
                long otherwise = i == features.Count - 1 ? Child(tree.LeftChild[node]) : nextChainNode;
                table.Add(treeId, id, "BRANCH_GT", features[i], 0f, Child(tree.RightChild[node]), otherwise);
                id = otherwise;
                if (i < features.Count - 1)
                {
                    nextChainNode++;
                }
            }
        }
        for (int leaf = 0; leaf < tree.NumberOfLeaves; leaf++)
        {
            table.AddLeaf(treeId, firstLeaf + leaf, tree.LeafValues[leaf]);
        }
    }

    private sealed class NodeTable
    {
        public List<long> TreeIds { get; } = [];

        public List<long> NodeIds { get; } = [];

        public List<long> FeatureIds { get; } = [];

        public List<string> Modes { get; } = [];

        public List<float> Values { get; } = [];

        public List<long> TrueIds { get; } = [];

        public List<long> FalseIds { get; } = [];

        public List<long> LeafTreeIds { get; } = [];

        public List<long> LeafNodeIds { get; } = [];

        public List<float> LeafWeights { get; } = [];

        public void AddLeaf(int tree, long node, double weight)
        {
            Add(tree, node, "LEAF", 0, 0f, 0, 0);
            LeafTreeIds.Add(tree);
            LeafNodeIds.Add(node);
            LeafWeights.Add((float)weight);
        }

        public void Add(int tree, long node, string mode, long feature, float value, long whenTrue, long whenFalse)
        {
            TreeIds.Add(tree);
            NodeIds.Add(node);
            FeatureIds.Add(feature);
            Modes.Add(mode);
            Values.Add(value);
            TrueIds.Add(whenTrue);
            FalseIds.Add(whenFalse);
        }
    }
}
