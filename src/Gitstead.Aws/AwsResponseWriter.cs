using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Microsoft.IO;

namespace Gitstead.Aws;

/// <summary>
/// Renders results and errors exactly as botocore's parsers expect them. A body is rendered as
/// UTF-8 into pooled blocks and sent with its <c>Content-Length</c>, as AWS sends it: no string,
/// no char buffer and no chunked framing per call.
/// </summary>
internal static class AwsResponseWriter
{
    private const string JsonContentType = "application/x-amz-json-1.1";

    /// <summary>
    /// Small blocks (most bodies fit one), and a bound on what the pool keeps between calls, so
    /// one large listing does not stay resident.
    /// </summary>
    private static readonly RecyclableMemoryStreamManager Bodies = new(new RecyclableMemoryStreamManager.Options
    {
        BlockSize = 16 * 1024,
        LargeBufferMultiple = 256 * 1024,
        MaximumBufferSize = 4 * 1024 * 1024,
        MaximumSmallPoolFreeBytes = 1024 * 1024,
        MaximumLargePoolFreeBytes = 4 * 1024 * 1024,
    });

    private static readonly JsonWriterOptions JsonOptions = new() { SkipValidation = true };

    public static Task WriteResultAsync(HttpResponse response, AwsServiceDefinition service, string operation, AwsResult result, string requestId)
    {
        response.StatusCode = 200;
        var body = Bodies.GetStream();
        if (service.Protocol == AwsProtocol.Json)
        {
            response.ContentType = JsonContentType;
            using var json = new Utf8JsonWriter((IBufferWriter<byte>)body, JsonOptions);
            if (result.JsonBody is { } node)
            {
                node.WriteTo(json);
            }
            else
            {
                json.WriteStartObject();
                json.WriteEndObject();
            }
        }
        else
        {
            response.ContentType = "text/xml";
            WriteQueryBody(body, service, operation, result, requestId);
        }

        return SendAsync(response, body);
    }

    public static Task WriteErrorAsync(HttpResponse response, AwsProtocol protocol, string? xmlNamespace, AwsServiceException error, string requestId)
    {
        response.StatusCode = error.StatusCode;
        var body = Bodies.GetStream();
        if (protocol == AwsProtocol.Json)
        {
            response.ContentType = JsonContentType;
            using var json = new Utf8JsonWriter((IBufferWriter<byte>)body);
            json.WriteStartObject();
            json.WriteString("__type", error.Code);
            json.WriteString("message", error.Message);
            json.WriteEndObject();
        }
        else
        {
            response.ContentType = "text/xml";
            using var w = XmlWriter.Create(body, Settings);
            w.WriteStartElement("ErrorResponse", xmlNamespace ?? "https://iam.amazonaws.com/doc/2010-05-08/");
            w.WriteStartElement("Error");
            w.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
            w.WriteElementString("Code", error.Code);
            w.WriteElementString("Message", XmlSafe(error.Message));
            w.WriteEndElement();
            w.WriteElementString("RequestId", requestId);
            w.WriteEndElement();
        }

        return SendAsync(response, body);
    }

    /// <summary>Copies the rendered body into the response's pipe, returns the blocks to the pool, then flushes.</summary>
    private static async Task SendAsync(HttpResponse response, RecyclableMemoryStream body)
    {
        using (body)
        {
            response.ContentLength = body.Length;
            var pipe = response.BodyWriter;
            foreach (var segment in body.GetReadOnlySequence())
            {
                pipe.Write(segment.Span);
            }
        }

        await response.BodyWriter.FlushAsync();
    }

    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        Encoding = new UTF8Encoding(false),
        Indent = false,
    };

    private static void WriteQueryBody(Stream body, AwsServiceDefinition service, string operation, AwsResult result, string requestId)
    {
        using (var w = XmlWriter.Create(body, Settings))
        {
            var ns = service.XmlNamespace;
            w.WriteStartElement(operation + "Response", ns);
            if (result.XmlChildren is { } children)
            {
                w.WriteStartElement(operation + "Result", ns);
                foreach (var child in children)
                {
                    WriteElement(w, child, ns);
                }

                w.WriteEndElement();
            }

            w.WriteStartElement("ResponseMetadata", ns);
            w.WriteElementString("RequestId", ns, requestId);
            w.WriteEndElement();
            w.WriteEndElement();
        }
    }

    // Handlers build elements without a namespace; write them in the service's namespace so
    // no xmlns="" appears on children.
    private static void WriteElement(XmlWriter w, XElement element, string? ns)
    {
        w.WriteStartElement(element.Name.LocalName, ns);
        if (element.HasElements)
        {
            foreach (var child in element.Elements())
            {
                WriteElement(w, child, ns);
            }
        }
        else
        {
            w.WriteString(XmlSafe(element.Value));
        }

        w.WriteEndElement();
    }

    /// <summary>
    /// The text with every character XML 1.0 cannot carry (C0 controls other than tab, LF and
    /// CR, unpaired surrogates, U+FFFE/U+FFFF) replaced by U+FFFD: an error message quoting the
    /// input, or a value stored before inputs were checked, still renders instead of failing
    /// the call for good.
    /// </summary>
    internal static string XmlSafe(string text)
    {
        var bad = IndexOfInvalidXmlChar(text);
        if (bad < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = bad; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }

    /// <summary>The index of the first character XML 1.0 cannot carry, or -1.</summary>
    internal static int IndexOfInvalidXmlChar(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
