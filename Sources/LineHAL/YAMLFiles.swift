import Foundation

/// Reading YAML files for the strict loaders (hardware profiles, modem profiles, the daemon
/// configuration), with failures as `ProfileError`s that name the file.
public enum YAMLFiles {
    /// The text of `file`.
    public static func read(_ file: String) throws(ProfileError) -> String {
        do {
            return try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw ProfileError(file: file, line: nil, key: "", problem: "cannot read the file: \(error)")
        }
    }

    /// The paths of every `*.yaml` directly in `folder`, sorted by file name.
    public static func paths(in folder: String) throws(ProfileError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw ProfileError(file: folder, line: nil, key: "", problem: "cannot list the folder: \(error)")
        }
        return names.sorted().filter { $0.hasSuffix(".yaml") }.map { (folder as NSString).appendingPathComponent($0) }
    }
}
