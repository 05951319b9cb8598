package dev.hoshu.broker.access;

import dev.hoshu.access.Actor;
import java.util.List;
import java.util.Set;

/** The quickstart's cast, plus a few with unusual role mixes. */
final class Actors {

    /** What the development issuer's tokens say: password and one-time code. */
    static final List<String> MFA = List.of("pwd", "otp");

    static final Actor SATO = new Actor("sato", "medserve", Set.of("engineer"), "佐藤 健").loggedInWith(MFA, null);
    static final Actor YAMADA = new Actor("yamada", "medserve", Set.of("engineer"), "山田 太郎").loggedInWith(MFA, null);
    static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中 花子").loggedInWith(MFA, null);
    static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木 一郎").loggedInWith(MFA, null);
    static final Actor KATO = new Actor("kato", "hosp-b", Set.of("approver", "hospital-admin"), "加藤 誠").loggedInWith(MFA, null);
    /** A hospital engineer who is also an approver: may ask, must not approve their own ask. */
    static final Actor INOUE = new Actor("inoue", "hosp-a", Set.of("engineer", "approver"), "井上 陽").loggedInWith(MFA, null);

    private Actors() {
    }
}
