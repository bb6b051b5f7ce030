namespace VeloGrad.Training.Engine;

/// <summary>The training loss became NaN or infinite for a reason loss scaling cannot explain.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string message) : base(message)
    {
    }

    public TrainingDivergedException()
    {
    }

    public TrainingDivergedException(string message, Exception inner) : base(message, inner)
    {
    }
}
