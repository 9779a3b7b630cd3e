using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LanguageInterpolation.Analyzers;

/// <summary>
/// Finds TorchSharp <c>Scalar</c>s that nothing holds while libtorch reads them.
/// </summary>
/// <remarks>
/// A <c>Scalar</c> owns a native <c>at::Scalar</c> that its finalizer frees. TorchSharp passes only the handle to
/// libtorch, so a Scalar made for one call (an implicit conversion such as <c>t.mul(0.5)</c>, or one TorchSharp makes
/// inside, such as the alpha of <c>a + b</c>) is unreachable while the native call runs: a garbage collection
/// started by another thread then lets the finalizer free it under libtorch, which reads freed memory (an
/// "Expected false to be true" error from <c>Scalar::toFloat</c>, or silently a wrong value). TorchSharp 0.107
/// neither keeps such Scalars alive nor tracks them in dispose scopes. Two rules:
/// <list type="bullet">
/// <item>LI0001: a Scalar made by a conversion or <c>ToScalar()</c> must be held: the initial value of a
/// <c>using</c> local (disposed after its last call), a field or property, or the return value of a method that
/// returns a Scalar.</item>
/// <item>LI0002: no call to a TorchSharp member that makes such a Scalar inside (the list in
/// <c>TemporaryScalarMembers.txt</c>, read from TorchSharp's IL by a test that keeps it current).</item>
/// </list>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemporaryScalarAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The rule for Scalars made in our code.</summary>
    public static readonly DiagnosticDescriptor UnheldScalar = new(
        "LI0001",
        "TorchSharp Scalar not held during the native call",
        "This Scalar ({0}) is only referenced by the call, so the garbage collector can free it while libtorch reads it; hold it in a 'using' local or a field until the call returns",
        "Reliability",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    /// <summary>The rule for TorchSharp members that make such a Scalar themselves.</summary>
    public static readonly DiagnosticDescriptor MemberWithTemporaryScalar = new(
        "LI0002",
        "TorchSharp member makes a Scalar that nothing holds",
        "{0} makes a TorchSharp Scalar inside that nothing holds during the native call (the garbage collector can free it while libtorch reads it); use an overload that takes a Scalar you hold, such as add(other, alpha)",
        "Reliability",
        DiagnosticSeverity.Error,
        isEnabledByDefault: true);

    private const string ScalarType = "TorchSharp.Scalar";

    private static readonly ImmutableHashSet<string> UnsafeMembers = LoadMembers();

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(UnheldScalar, MemberWithTemporaryScalar);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterOperationAction(AnalyzeConversion, OperationKind.Conversion);
        context.RegisterOperationAction(AnalyzeInvocation, OperationKind.Invocation);
        context.RegisterOperationAction(AnalyzeOperator, OperationKind.Binary, OperationKind.Unary, OperationKind.CompoundAssignment);
        context.RegisterOperationAction(AnalyzeCreation, OperationKind.ObjectCreation);
    }

    /// <summary>The signature of a method as the member list writes it: <c>Namespace.Type+Nested.name(ParameterType,...)</c>.</summary>
    public static string Signature(IMethodSymbol method)
    {
        IMethodSymbol definition = method.ReducedFrom ?? method.OriginalDefinition;
        IEnumerable<string> parameters = definition.Parameters.Select(parameter => TypeName(parameter.Type) + (parameter.RefKind == RefKind.None ? "" : "&"));
        return $"{TypeName(definition.ContainingType)}.{definition.MetadataName}({string.Join(",", parameters)})";
    }

    private static string TypeName(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => TypeName(array.ElementType) + "[]",
        IPointerTypeSymbol pointer => TypeName(pointer.PointedAtType) + "*",
        ITypeParameterSymbol parameter => (parameter.TypeParameterKind == TypeParameterKind.Method ? "!!" : "!") + parameter.Ordinal,
        INamedTypeSymbol { ContainingType: not null } nested => TypeName(nested.ContainingType) + "+" + nested.MetadataName,
        _ => type.ContainingNamespace is { IsGlobalNamespace: false } space ? space.ToDisplayString() + "." + type.MetadataName : type.MetadataName,
    };

    private static void AnalyzeConversion(OperationAnalysisContext context)
    {
        var conversion = (IConversionOperation)context.Operation;
        if (conversion.OperatorMethod is IMethodSymbol method && IsScalar(method.ReturnType) && !IsHeld(conversion))
        {
            context.ReportDiagnostic(Diagnostic.Create(UnheldScalar, conversion.Syntax.GetLocation(), conversion.Operand.Type?.ToDisplayString() ?? "a value"));
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name == "ToScalar" && IsScalar(invocation.TargetMethod.ReturnType) && !IsHeld(invocation))
        {
            context.ReportDiagnostic(Diagnostic.Create(UnheldScalar, invocation.Syntax.GetLocation(), "ToScalar()"));
        }
        Check(context, invocation.TargetMethod, invocation.Syntax);
    }

    private static void AnalyzeOperator(OperationAnalysisContext context)
    {
        IMethodSymbol? method = context.Operation switch
        {
            IBinaryOperation binary => binary.OperatorMethod,
            IUnaryOperation unary => unary.OperatorMethod,
            ICompoundAssignmentOperation compound => compound.OperatorMethod,
            _ => null,
        };
        if (method is not null)
        {
            Check(context, method, context.Operation.Syntax);
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Constructor is IMethodSymbol constructor)
        {
            Check(context, constructor, creation.Syntax);
        }
    }

    private static void Check(OperationAnalysisContext context, IMethodSymbol method, SyntaxNode syntax)
    {
        if (method.ContainingAssembly?.Name == "TorchSharp" && UnsafeMembers.Contains(Signature(method)))
        {
            context.ReportDiagnostic(Diagnostic.Create(MemberWithTemporaryScalar, syntax.GetLocation(), method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
        }
    }

    // Held: the initial value of a 'using' local, stored in a field or property, or returned as a Scalar.
    private static bool IsHeld(IOperation made)
    {
        IOperation? parent = made.Parent;
        while (parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
        {
            parent = parent.Parent;
        }
        switch (parent)
        {
            case IVariableInitializerOperation initializer:
                return initializer.Parent is IVariableDeclaratorOperation declarator && IsUsingDeclaration(declarator.Syntax);
            case IFieldInitializerOperation or IPropertyInitializerOperation:
                return true;
            case ISimpleAssignmentOperation assignment:
                return assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation;
            case IReturnOperation:
                return true; // the caller holds it (this rule checks the caller)
            default:
                return false;
        }
    }

    private static bool IsUsingDeclaration(SyntaxNode declarator) => declarator.Parent?.Parent switch
    {
        LocalDeclarationStatementSyntax statement => statement.UsingKeyword.IsKind(SyntaxKind.UsingKeyword),
        UsingStatementSyntax => true,
        _ => false,
    };

    private static bool IsScalar(ITypeSymbol? type) => type?.ToDisplayString() == ScalarType;

    private static ImmutableHashSet<string> LoadMembers()
    {
        using Stream stream = typeof(TemporaryScalarAnalyzer).Assembly.GetManifestResourceStream("TemporaryScalarMembers.txt")!;
        using var reader = new StreamReader(stream);
        var members = ImmutableHashSet.CreateBuilder<string>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                members.Add(line.Trim());
            }
        }
        return members.ToImmutable();
    }
}
