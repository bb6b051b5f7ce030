using VeloGrad.Cli;
using VeloGrad.Runtime;

// First, before libtorch loads: the allocator (this may re-execute the process) and an installed libtorch.
if (ProcessStartup.Run(Console.Error) is { } problem)
{
    Console.Error.WriteLine($"error: {problem}");
    return ExitCodes.Failure;
}
return VelogradCommandLine.Build().Parse(args).Invoke();
