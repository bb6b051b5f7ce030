using VeloGrad.Cli;
using VeloGrad.Runtime;

NativeMemoryTuning.Apply();
return VelogradCommandLine.Build().Parse(args).Invoke();
