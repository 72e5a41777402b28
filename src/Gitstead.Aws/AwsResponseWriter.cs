using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Gitstead.Aws;

/// <summary>Renders results and errors exactly as botocore's parsers expect them.</summary>
internal static class AwsResponseWriter
{
    private const string JsonContentType = "application/x-amz-json-1.1";

    public static Task WriteResultAsync(HttpResponse response, AwsServiceDefinition service, string operation, AwsResult result, string requestId)
    {
        response.StatusCode = 200;
        if (service.Protocol == AwsProtocol.Json)
        {
            response.ContentType = JsonContentType;
            var body = result.JsonBody?.ToJsonString() ?? "{}";
            return response.WriteAsync(body);
        }

        response.ContentType = "text/xml";
        return response.WriteAsync(QueryBody(service, operation, result, requestId));
    }

    public static Task WriteErrorAsync(HttpResponse response, AwsProtocol protocol, string? xmlNamespace, AwsServiceException error, string requestId)
    {
        response.StatusCode = error.StatusCode;
        if (protocol == AwsProtocol.Json)
        {
            response.ContentType = JsonContentType;
            var json = JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = error.Code, ["message"] = error.Message });
            return response.WriteAsync(json);
        }

        response.ContentType = "text/xml";
        var doc = new StringBuilder();
        using (var w = XmlWriter.Create(doc, Settings))
        {
            w.WriteStartElement("ErrorResponse", xmlNamespace ?? "https://iam.amazonaws.com/doc/2010-05-08/");
            w.WriteStartElement("Error");
            w.WriteElementString("Type", error.SenderFault ? "Sender" : "Receiver");
            w.WriteElementString("Code", error.Code);
            w.WriteElementString("Message", XmlSafe(error.Message));
            w.WriteEndElement();
            w.WriteElementString("RequestId", requestId);
            w.WriteEndElement();
        }

        return response.WriteAsync(doc.ToString());
    }

    private static readonly XmlWriterSettings Settings = new()
    {
        OmitXmlDeclaration = true,
        Encoding = new UTF8Encoding(false),
        Indent = false,
    };

    private static string QueryBody(AwsServiceDefinition service, string operation, AwsResult result, string requestId)
    {
        var doc = new StringBuilder();
        using (var w = XmlWriter.Create(doc, Settings))
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

        return doc.ToString();
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
