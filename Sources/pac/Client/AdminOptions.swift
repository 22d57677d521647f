import ArgumentParser
import Foundation
import PACAdminClient

/// Where the PAC's admin API is, for every admin-API subcommand.
struct AdminConnection: ParsableArguments {
    @Option(help: .init("The PAC's admin API: a URL, or HOST:PORT as `pac scenario run` takes it.", valueName: "url"))
    var admin = "http://127.0.0.1:8723"
    @Option(help: .init("Bearer token of the admin API [$PAC_ADMIN_TOKEN].", valueName: "token")) var token: String?

    var client: AdminClient {
        get throws {
            let text = admin.contains("://") ? admin : "http://" + admin
            guard let url = URL(string: text), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw ValidationError("--admin \(admin): not an http:// URL (e.g. http://127.0.0.1:8723)")
            }
            return AdminClient(base: url, token: token ?? ProcessInfo.processInfo.environment["PAC_ADMIN_TOKEN"])
        }
    }
}

/// The admin API's connection and `--json`, for subcommands that print what the PAC answered.
struct AdminOptions: ParsableArguments {
    @OptionGroup var connection: AdminConnection
    @Flag(help: "Print the admin API's JSON instead of text.") var json = false

    var client: AdminClient { get throws { try connection.client } }

    /// Prints the JSON as the PAC sent it.
    func printJSON(_ data: Data) {
        print(String(decoding: data, as: UTF8.self))
    }
}

/// Runs a client command's body; a failure is printed as one line and exits with status 1.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let failure as AdminClient.Failure {
        FileHandle.standardError.write(Data("pac: \(failure)\n".utf8))
        throw ExitCode(1)
    }
}
