return LanguageInterpolation.Cli.CliApplication.Run(args, Console.Out, Console.Error);
