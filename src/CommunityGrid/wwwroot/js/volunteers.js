// Volunteer pages: before a form with data-geo is sent, fill its hidden lat/lng from the browser's
// position. The pages work without it: "near me" then lists the community, and a check-in at an
// activity with a radius is answered "share your location".
(function () {
  document.querySelectorAll('form[data-geo]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      var lat = form.querySelector('input[name=lat]');
      var lng = form.querySelector('input[name=lng]');
      if (!lat || !lng || lat.value || !navigator.geolocation) {
        return;
      }
      e.preventDefault();
      var button = form.querySelector('button[type=submit]');
      if (button) { button.disabled = true; }
      navigator.geolocation.getCurrentPosition(function (p) {
        lat.value = p.coords.latitude.toFixed(6);
        lng.value = p.coords.longitude.toFixed(6);
        form.submit();
      }, function () {
        // No position: send without one (empty fields are not sent) and let the server say what is needed.
        lat.disabled = true;
        lng.disabled = true;
        form.submit();
      }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  });
})();
