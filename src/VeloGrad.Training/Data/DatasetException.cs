namespace VeloGrad.Training.Data;

/// <summary>A dataset could not be found or read: the message names the file, what is wrong and what to do.</summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string message) : base(message)
    {
    }

    public DatasetException(string message, Exception inner) : base(message, inner)
    {
    }

    public DatasetException()
    {
    }
}
