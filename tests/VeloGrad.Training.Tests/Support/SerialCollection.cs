namespace VeloGrad.Training.Tests.Support;

/// <summary>Tests that count process-wide live tensors run alone: other tests' tensors would blur the count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
