using TorchSharp;
using Xunit;

namespace LanguageInterpolation.Tests.Support;

/// <summary>The devices tensor tests run on: always the CPU, plus CUDA where TorchSharp sees one.</summary>
public static class TestDevices
{
    /// <summary>Device names for <c>[MemberData(nameof(TestDevices.All), MemberType = typeof(TestDevices))]</c>.</summary>
    public static TheoryData<string> All
    {
        get
        {
            var devices = new TheoryData<string> { "cpu" };
            if (torch.cuda.is_available())
            {
                devices.Add("cuda");
            }
            return devices;
        }
    }
}
