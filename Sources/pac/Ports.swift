import ArgumentParser
import Foundation
import SerialModem

struct Ports: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List serial ports as libserialport enumerates them (opens none).")

    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        let ports: [SerialPortInfo]
        do {
            ports = try SerialPortInfo.all()
        } catch {
            print("pac: \(error)")
            throw ExitCode(1)
        }
        if json {
            let rows = ports.map { port in
                [
                    "name": port.name, "description": port.description, "transport": port.transport.rawValue,
                    "usbVendorID": port.usbVendorID.map { String(format: "%04x", $0) } ?? "",
                    "usbProductID": port.usbProductID.map { String(format: "%04x", $0) } ?? "",
                    "usbSerialNumber": port.usbSerialNumber ?? "",
                ]
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        if ports.isEmpty { print("no serial ports found") }
        for port in ports {
            var line = "\(port.name)  \(port.transport.rawValue)  \(port.description)"
            if let vendor = port.usbVendorID, let product = port.usbProductID {
                line += String(format: "  usb %04x:%04x", vendor, product)
                if let serial = port.usbSerialNumber { line += " serial \(serial)" }
            }
            print(line)
        }
    }
}
