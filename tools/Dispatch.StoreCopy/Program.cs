using Dispatch.StoreCopy;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Dispatch.StoreCopy <source connection string> <target connection string>");
    return 2;
}
var copied = await AccountCopy.Run(args[0], args[1], Console.Out);
Console.WriteLine($"Copied {copied.Containers} containers and {copied.Blobs} blobs.");
return 0;
