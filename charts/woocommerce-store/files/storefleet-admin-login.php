<?php
/**
 * Plugin Name: Storefleet admin sign-in
 * Description: Signs the store's administrator in from a short-lived, single-use link that the Storefleet portal signs with this store's login secret.
 *
 * Installed as a must-use plugin by the chart's install-wordpress.sh. The link is
 * <store URL>/?storefleet_login=v1.<store>.<expires>.<nonce>.<signature>, where the signature is
 * the unpadded base64url HMAC-SHA256 of "v1.<store>.<expires>.<nonce>" under the secret in
 * STOREFLEET_LOGIN_SECRET (or the file STOREFLEET_LOGIN_SECRET_FILE names). A link is refused
 * when its signature is wrong, it names another store (STOREFLEET_STORE), it has expired, or it
 * was used before; no password is ever typed or shown.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

function storefleet_login_setting( $name ) {
	$file = getenv( $name . '_FILE' );
	if ( false !== $file && '' !== $file ) {
		return is_readable( $file ) ? rtrim( (string) file_get_contents( $file ), "\r\n" ) : '';
	}
	$value = getenv( $name );
	return false === $value ? '' : $value;
}

function storefleet_login_refuse( $why ) {
	wp_die(
		esc_html( 'This sign-in link cannot be used: ' . $why . '. Open WordPress admin again from Storefleet.' ),
		esc_html__( 'Sign-in link refused' ),
		array( 'response' => 403 )
	);
}

function storefleet_login_signature( $payload, $secret ) {
	return rtrim( strtr( base64_encode( hash_hmac( 'sha256', $payload, $secret, true ) ), '+/', '-_' ), '=' );
}

add_action(
	'init',
	function () {
		if ( ! isset( $_GET['storefleet_login'] ) ) {
			return;
		}
		nocache_headers();
		$token  = (string) wp_unslash( $_GET['storefleet_login'] );
		$secret = storefleet_login_setting( 'STOREFLEET_LOGIN_SECRET' );
		if ( strlen( $secret ) < 32 ) {
			storefleet_login_refuse( 'sign-in links are not set up on this store' );
		}
		$parts = explode( '.', $token );
		if ( 5 !== count( $parts ) || 'v1' !== $parts[0] || ! ctype_digit( $parts[2] ) || ! preg_match( '/^[A-Za-z0-9_-]{16,64}$/', $parts[3] ) ) {
			storefleet_login_refuse( 'it is malformed' );
		}
		list( $version, $store, $expires, $nonce, $signature ) = $parts;
		if ( ! hash_equals( storefleet_login_signature( "$version.$store.$expires.$nonce", $secret ), $signature ) ) {
			storefleet_login_refuse( 'its signature is wrong' );
		}
		if ( storefleet_login_setting( 'STOREFLEET_STORE' ) !== $store ) {
			storefleet_login_refuse( 'it is for another store' );
		}
		if ( (int) $expires < time() ) {
			storefleet_login_refuse( 'it has expired' );
		}
		// The portal signs links for 60 s; one that claims much longer was not made by it.
		if ( (int) $expires > time() + 120 ) {
			storefleet_login_refuse( 'it lives too long' );
		}
		// Single use: the first request records the nonce (a unique option name); any other finds it.
		global $wpdb;
		$used = $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", 'storefleet_login_' . $nonce, $expires ) );
		if ( 1 !== $used ) {
			storefleet_login_refuse( 'it was used before' );
		}
		// Records of expired links are useless now.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE 'storefleet\\_login\\_%%' AND CAST(option_value AS UNSIGNED) < %d", time() ) );
		$user = get_user_by( 'login', storefleet_login_setting( 'STOREFLEET_ADMIN_USER' ) );
		if ( ! $user || ! user_can( $user, 'manage_options' ) ) {
			storefleet_login_refuse( "the store's administrator does not exist" );
		}
		wp_set_current_user( $user->ID );
		wp_set_auth_cookie( $user->ID, false, is_ssl() );
		do_action( 'wp_login', $user->user_login, $user );
		wp_safe_redirect( admin_url() );
		exit;
	},
	0
);
