Console.Error.WriteLine("usage: benchmarks <name>");
return 2;
