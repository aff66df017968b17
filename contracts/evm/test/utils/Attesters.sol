// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";
import {Mailbox} from "../../src/Mailbox.sol";

/// @dev Attester keys, sorted by address, and the signing an attester does.
abstract contract Attesters is Test {
    uint256[] internal keys;

    /// @dev `n` attester keys derived from `seed`, sorted by their addresses (the order deliver wants).
    function makeKeys(uint256 seed, uint256 n) internal returns (address[] memory addrs) {
        delete keys;
        for (uint256 i; i < n; ++i) {
            keys.push(uint256(keccak256(abi.encode(seed, i))));
        }
        for (uint256 i = 1; i < n; ++i) {
            for (uint256 j = i; j > 0 && vm.addr(keys[j]) < vm.addr(keys[j - 1]); --j) {
                (keys[j], keys[j - 1]) = (keys[j - 1], keys[j]);
            }
        }
        addrs = new address[](n);
        for (uint256 i; i < n; ++i) {
            addrs[i] = vm.addr(keys[i]);
        }
    }

    /// @dev 65-byte `(r, s, v)` signature of `key` over `digest`.
    function sig(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev Signatures of the attesters at `which` (indexes into `keys`) for `message` on `box`, under
    /// its current set.
    function attest(Mailbox box, bytes memory message, uint256[] memory which)
        internal
        view
        returns (bytes[] memory sigs)
    {
        bytes32 digest = box.attestationDigest(keccak256(message), box.setVersion());
        sigs = new bytes[](which.length);
        for (uint256 i; i < which.length; ++i) {
            sigs[i] = sig(keys[which[i]], digest);
        }
    }

    function indexes(uint256 a, uint256 b) internal pure returns (uint256[] memory out) {
        out = new uint256[](2);
        (out[0], out[1]) = (a, b);
    }
}
